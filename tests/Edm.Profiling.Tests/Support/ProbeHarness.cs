namespace Edm.Profiling.Tests.Support;

/// <summary>
/// Calls the probe API the way generated interceptors do, so runtime tests exercise the same
/// shapes the generator emits.
/// </summary>
internal static class ProbeHarness
{
    private static int s_unique;

    /// <summary>Registers a probe under a name unique to this test run.</summary>
    internal static int Register(string name, Layer layer = Layer.Lightweight, ProbeKind kind = ProbeKind.Method) =>
        Probe.Register(new ProbeDescriptor($"Tests.{name}#{Interlocked.Increment(ref s_unique)}") { Layer = layer, Kind = kind });

    internal static T Call<T>(int probeId, Func<T> body)
    {
        if (Probe.TryCountUntimed(probeId))
        {
            return body(); // adaptive timing counted the call: the interceptor calls the method directly
        }

        ProbeFrame frame = Probe.Enter(probeId);
        try
        {
            return body();
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.Exit(ref frame);
        }
    }

    internal static void Call(int probeId, Action body) => Call(probeId, () =>
    {
        body();
        return 0;
    });

    internal static Task CallAsync(int probeId, Func<Task> body)
    {
        ProbeFrame frame = Probe.EnterAsync(probeId);
        try
        {
            return Probe.Complete(body(), ref frame);
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.ExitAsync(ref frame);
        }
    }

    internal static Task<T> CallAsync<T>(int probeId, Func<Task<T>> body)
    {
        ProbeFrame frame = Probe.EnterAsync(probeId);
        try
        {
            return Probe.Complete(body(), ref frame);
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.ExitAsync(ref frame);
        }
    }

    internal static ValueTask<T> CallValueTaskAsync<T>(int probeId, Func<ValueTask<T>> body)
    {
        ProbeFrame frame = Probe.EnterAsync(probeId);
        try
        {
            return Probe.Complete(body(), ref frame);
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.ExitAsync(ref frame);
        }
    }

    internal static MethodStatistics Method(this SessionReport report, int probeId) =>
        report.Methods.Single(m => m.ProbeId == probeId);

    internal static MethodStatistics? MaybeMethod(this SessionReport report, int probeId) =>
        report.Methods.SingleOrDefault(m => m.ProbeId == probeId);

    internal static CallTreeNode Node(this SessionReport report, int probeId) =>
        report.CallTree.Single(n => n.ProbeId == probeId);
}
