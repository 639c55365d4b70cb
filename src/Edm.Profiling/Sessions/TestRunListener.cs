using System.Diagnostics.Tracing;

namespace Edm.Profiling;

/// <summary>
/// Hears the end of a VSTest run (<c>dotnet test</c>, Test Explorer) inside the test host, so the
/// process session is written then rather than at exit.
/// </summary>
/// <remarks>
/// After the tests, the runner tells the test host to exit and kills it about 100 ms later, too soon
/// for an exit handler to build and write a session. The host announces the end of each run on its
/// own event source (<c>TestPlatform</c>, event <c>ExecutionStop</c>, raised after every adapter has
/// returned and before the host reports the run complete). Event listeners in the process are called
/// on the thread that raises the event, so the session is written while the runner is still waiting
/// for the results: whatever it takes, nothing is killed. <c>ExecutionStart</c> marks a new run in a
/// host that is kept alive for another one.
/// </remarks>
internal sealed class TestRunListener : EventListener
{
    private const string SourceName = "TestPlatform";

    // Called from the base constructor for the sources that exist already: no instance state here.
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Verbose);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name != SourceName)
        {
            return;
        }

        switch (eventData.EventName)
        {
            case "ExecutionStart":
                ProcessSession.OnTestRunStarted();
                break;
            case "ExecutionStop":
                ProcessSession.OnTestRunEnded();
                break;
        }
    }
}
