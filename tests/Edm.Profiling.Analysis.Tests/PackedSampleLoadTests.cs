using static Edm.Profiling.Analysis.Tests.Synthetic;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>
/// Sessions read from files keep their duration samples packed and decode them on first use: what a
/// comparison makes of them (sorted values, a baseline) must be what it makes of the session written.
/// </summary>
public sealed class PackedSampleLoadTests
{
    [Fact]
    public void A_session_file_with_unsorted_packed_samples_makes_the_baseline_its_session_makes()
    {
        var random = new Random(5);
        SessionReport session = Session("packed", null, new Method("App.A()", LogNormal(random, 500, 10_000)), new Method("App.B()", Bimodal(random, 300, 1_000, 9_000, 0.2)));
        Assert.False(SortedValues.IsSorted(session.Methods[0].Samples!.DurationsNs.ToArray()));
        using var temp = new TempDirectory();
        string path = temp.File("session.json");
        SessionJson.WriteFile(session, path);

        SessionReport read = RunFile.ReadSession(path);
        Assert.Equal(session, read);
        Assert.Equal([.. session.Methods[0].Samples!.DurationsNs.Order()], SortedValues.Of(read.Methods[0].Samples!.DurationsNs));
        Baseline fromFile = RunFile.ReadBaseline(path);
        Assert.Equal(BaselineJson.Serialize(Baseline.FromSession(session) with { CreatedAt = fromFile.CreatedAt }), BaselineJson.Serialize(fromFile));
    }
}
