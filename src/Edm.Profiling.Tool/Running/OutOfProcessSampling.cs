using Edm.Profiling.EventPipe;

namespace Edm.Profiling.Tool.Running;

/// <summary>
/// <c>edm-prof run --sample</c>: attaches a CPU and allocation sampler to the program as soon as it runs, and when it
/// has exited adds the samples to the session it wrote. A program that cannot be sampled still gets its
/// session, with a warning in it saying why.
/// </summary>
internal sealed class OutOfProcessSampling(string sessionPath, IReadOnlyDictionary<string, string?> programEnvironment)
{
    /// <summary>How long to wait for the program's diagnostic port after it started.</summary>
    private static readonly TimeSpan s_attachTimeout = TimeSpan.FromSeconds(10);

    private ChildProcessSampler? _sampler;
    private string? _problem;

    /// <summary>The raw trace, written beside the session while the program runs.</summary>
    internal string TracePath { get; } = Path.ChangeExtension(sessionPath, ".nettrace");

    /// <summary>Called when the program started: attaches, or remembers why it could not.</summary>
    internal void Attach(int processId)
    {
        if (ChildProcessSampler.DiagnosticsDisabledBy(programEnvironment) is { } variable)
        {
            _problem = $"--sample: {variable}=0 in the program's environment disables the runtime's diagnostic port, so it was not sampled";
            return;
        }

        try
        {
            _sampler = ChildProcessSampler.Attach(processId, TracePath, s_attachTimeout);
        }
        catch (NotSupportedException e)
        {
            _problem = $"--sample: {e.Message}; the program was not sampled";
        }
    }

    /// <summary>
    /// After the program exited: completes the trace and rewrites the session with its samples (or
    /// with the warning). Returns the trace file when there is one to keep.
    /// </summary>
    internal string? Finish()
    {
        try
        {
            _sampler?.Finish();
        }
        finally
        {
            _sampler?.Dispose();
        }

        if (!File.Exists(sessionPath))
        {
            return _sampler is null ? null : TracePath;
        }

        SessionReport session = SessionJson.ReadFile(sessionPath);
        if (_sampler is not null)
        {
            try
            {
                session = _sampler.AddSamplesAndAllocations(session);
            }
#pragma warning disable CA1031 // An unreadable trace costs the samples, not the session.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _problem = $"--sample: the trace could not be read ({e.GetType().Name}: {EdmProf.OneLine(e.Message)}); the session has no samples";
            }
        }

        if (_problem is not null)
        {
            session = session with { Warnings = [.. session.Warnings, _problem] };
        }

        SessionJson.WriteFile(session, sessionPath);
        return _sampler is null ? null : TracePath;
    }
}
