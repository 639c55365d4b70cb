using Edm.Tracks.Demo;
using Edm.Tracks.Evaluation;
using Edm.Tracks.Tests.Support;

namespace Edm.Tracks.Tests;

public sealed class DemoSetTests
{
    [Fact]
    public void Demo_set_is_generated_once_then_evaluated_from_the_cache()
    {
        using var folder = new TempDirectory();
        string demo = folder.File("demo");
        var environment = new Dictionary<string, string> { [DemoSet.FolderVariable] = demo };

        EdmRun first = EdmRun.Process(environment, "demo-path");
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(demo, LabelFile.FileName));
        EdmRun second = EdmRun.Process(environment, "demo-path");
        EdmRun evaluate = EdmRun.Process(environment, "evaluate", "--demo");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(demo, first.Output.Trim());
        Assert.StartsWith("generating the demo set (24 tracks", Assert.Single(first.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(DemoSet.Count, LabelFile.Read(demo).Count);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal(demo, second.Output.Trim());
        Assert.Equal(string.Empty, second.Error);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Path.Combine(demo, LabelFile.FileName)));

        // The figures on the fixed demo set are deterministic; a change here is a change in the analyser.
        Assert.Equal(0, evaluate.ExitCode);
        Assert.Contains("Accuracy1 (±4%): 100.0% (24 of 24)", evaluate.Output, StringComparison.Ordinal);
        Assert.Contains("Accuracy2 (±4%, also ×2 ×3 ×½ ×⅓): 100.0% (24 of 24)", evaluate.Output, StringComparison.Ordinal);
    }
}
