using CsCheck;
using Edm.Profiling.Invariants.Tests.Programs;

namespace Edm.Profiling.Invariants.Tests;

/// <summary>
/// Random programs through the generated interceptors and scopes, on a manual clock, checked against
/// the accounting invariants: exact figures per call-tree path by the documented self-time policy,
/// exact call and fault counts, 0 ≤ self ≤ inclusive, inclusive ≥ synchronous children, no time
/// counted twice, and the session's JSON round trip.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class AccountingInvariantTests
{
    [Fact]
    public void Random_programs_give_exactly_the_figures_of_the_self_time_policy() =>
        ProgramGen.Programs.Sample(program =>
        {
            (SessionReport report, CallRecord root) = Sessions.Run(program);
            Invariants.AssertExactFigures(report, root);
        }, iter: Sessions.Iterations, threads: 1, print: p => p.ToString());

    [Fact]
    public void Every_node_has_self_between_zero_and_inclusive_and_inclusive_covers_its_synchronous_children() =>
        ProgramGen.Programs.Sample(program =>
        {
            (SessionReport report, _) = Sessions.Run(program);
            Invariants.AssertBounds(report);
        }, iter: Sessions.Iterations, threads: 1, print: p => p.ToString());

    [Fact]
    public void Code_that_runs_one_call_at_a_time_has_self_times_adding_up_to_the_time_that_elapsed() =>
        ProgramGen.Programs.Where(p => p.IsSequential).Sample(program =>
        {
            (SessionReport report, _) = Sessions.Run(program);
            Invariants.AssertNoTimeCountedTwice(report);
        }, iter: Sessions.Iterations, threads: 1, print: p => p.ToString());

    [Fact]
    public void A_session_read_back_from_its_json_is_equal_to_it() =>
        ProgramGen.Programs.Sample(program =>
        {
            (SessionReport report, _) = Sessions.Run(program);
            Assert.Equal(report, SessionJson.Deserialize(SessionJson.Serialize(report)));
        }, iter: Sessions.Iterations / 2, threads: 1, print: p => p.ToString());
}
