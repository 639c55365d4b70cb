using System.CommandLine;
using Edm.Tracks;

namespace Edm.Profiling.CommandLine.Tests.Support;

/// <summary>
/// A labelled set of three short tracks, written once by <c>edm generate</c> for the edm tests, and
/// the edm command tree with profiling as its Program.cs builds it.
/// </summary>
public sealed class EdmTracks : IDisposable
{
    public const int TrackCount = 3;
    public const string AnalyzeFile = "Edm.Tracks.Analysis.TrackAnalyzer.AnalyzeFile(string)";
    public const string Analyze = "Edm.Tracks.Analysis.TrackAnalyzer.Analyze(AudioClip, string)";
    public const string ReadWav = "Edm.Tracks.Audio.WavReader.Read(string)";
    public const string Stft = "Edm.Tracks.Analysis.ShortTimeFourierTransform.Compute(float[], FrameLayout)";
    public const string Fft = "Edm.Tracks.Analysis.ShortTimeFourierTransform.TransformFrame(float[], int)";
    public const string Tempo = "Edm.Tracks.Analysis.TempoEstimator.Estimate(OnsetEnvelope)";
    public const string Evaluate = "Edm.Tracks.Evaluation.DatasetEvaluator.Evaluate(string, double, Action<EvaluationProgress>)";
    public const string ReadLabels = "Edm.Tracks.Evaluation.LabelFile.Read(string)";
    public const string MixToMono = "Edm.Tracks.Analysis.MixToMono";
    public const string Score = "Edm.Tracks.Evaluation.Score";
    public const string Render = "Edm.Tracks.Commands.Render";

    private readonly TempDirectory _root = new();

    public EdmTracks()
    {
        Folder = _root.File("set");
        int exit = EdmCli.Build().Parse(["generate", Folder, "--count", TrackCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "6", "--seed", "5"])
            .Invoke(new InvocationConfiguration { Output = TextWriter.Null, Error = TextWriter.Null });
        if (exit != 0)
        {
            throw new InvalidOperationException($"edm generate failed with {exit}");
        }
    }

    /// <summary>The folder with track-001.wav … and labels.csv.</summary>
    public string Folder { get; }

    public string Track(int number) => Path.Combine(Folder, $"track-{number:000}.wav");

    /// <summary>edm's tree with profiling; its assembly (built with probes) decides the notice, as the entry assembly does in edm itself.</summary>
    public static RootCommand App(string defaultFolder) => EdmCli.Build().UseProfiling(new ProfilingCliOptions
    {
        OutputDirectory = defaultFolder,
        ApplicationAssembly = typeof(EdmCli).Assembly,
    });

    public void Dispose() => _root.Dispose();
}
