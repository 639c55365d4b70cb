namespace Edm.Profiling.Analysis.Reporting;

/// <summary>The formats a report can be written in.</summary>
public enum ReportFormat
{
    /// <summary>Tables and the call tree for a terminal (rich when it is one, plain aligned text when redirected).</summary>
    Console = 0,

    /// <summary>The session format (docs/session-format.md), or the comparison format (docs/reports.md).</summary>
    Json = 1,

    /// <summary>Markdown: a comparison summary fit for a pull-request comment, or a session's hottest methods.</summary>
    Markdown = 2,

    /// <summary>One self-contained HTML page: tables, flamegraphs, comparison and trends.</summary>
    Html = 3,

    /// <summary>speedscope's file format (https://www.speedscope.app).</summary>
    Speedscope = 4,

    /// <summary>Chrome's trace event format, which Perfetto and chrome://tracing open.</summary>
    Chrome = 5,

    /// <summary>Folded stacks (<c>a;b;c 123</c>) for FlameGraph and its ports.</summary>
    Folded = 6,

    /// <summary>
    /// pprof's gzipped <c>profile.proto</c>, which <c>go tool pprof</c>, Pyroscope, Grafana and Datadog
    /// open (docs/pprof.md). Binary: written to a file or a stream, never as text.
    /// </summary>
    Pprof = 7,
}
