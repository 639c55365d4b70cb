using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.Analysis.Tests.Reporting.Support;
using Microsoft.Playwright;

namespace Edm.Profiling.Analysis.Tests.Reporting;

/// <summary>The HTML report opened in real headless Chromium.</summary>
[Collection(ProfilerCollection.Name)]
public sealed class HtmlReportBrowserTests : IClassFixture<ChromiumBrowser>, IDisposable
{
    private readonly ChromiumBrowser _browser;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"edm-html-{Guid.NewGuid():N}");

    public HtmlReportBrowserTests(ChromiumBrowser browser)
    {
        _browser = browser;
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [ChromiumFact]
    public async Task The_report_renders_without_console_errors_with_one_flamegraph_element_per_call_tree_node()
    {
        SessionReport current = SampleSessions.WithTimeline;
        ComparisonReport comparison = SampleComparisons.Of(SampleSessions.WithoutTimeline, current);
        await using OpenedPage opened = await Open(new ReportContent { Comparison = comparison, Trends = SampleComparisons.Trends() });
        IPage page = opened.Page;

        Assert.Empty(opened.Errors);
        Assert.Equal(current.CallTree.Count, await page.Locator("#flamegraph .frame[data-node]").CountAsync());
        Assert.Equal(current.CallTree.Count, await page.Locator("#differential .frame[data-node]").CountAsync());
        Assert.Equal(current.Methods.Count, await page.Locator("#methods tbody tr").CountAsync());
        Assert.Equal(comparison.Methods.Count, await page.Locator("#comparison tbody tr").CountAsync());
        Assert.Equal(8, await page.Locator("#trends svg circle").CountAsync());
        Assert.Equal($"{current.Name} against {comparison.BaselineName}", await page.Locator("#title").TextContentAsync());
    }

    [ChromiumFact]
    public async Task A_scope_named_like_a_script_shows_as_text_and_no_script_runs()
    {
        await using OpenedPage opened = await Open(ReportContent.Of(SampleComparisons.Of(SampleSessions.WithoutTimeline, SampleSessions.WithTimeline)));
        IPage page = opened.Page;
        await page.WaitForTimeoutAsync(200); // time for an injected handler (an img's onerror) to fire, were there one

        Assert.Empty(opened.Dialogs);
        Assert.Empty(opened.Errors);
        Assert.True(await page.Locator("#flamegraph .frame[data-node]").Filter(new LocatorFilterOptions { HasTextString = SampleSessions.ScriptName }).CountAsync() > 0);
        string[] frameTexts = [.. await page.Locator("#flamegraph .frame[data-node]").AllTextContentsAsync()];
        Assert.Contains(SampleSessions.ScriptName, frameTexts);
        Assert.Contains(SampleSessions.AwkwardName, frameTexts);
        Assert.Equal(SampleSessions.ScriptName, (await page.Locator("#comparison td.name").AllTextContentsAsync()).Single(t => t.Contains("alert", StringComparison.Ordinal)));
        Assert.Equal(2, await page.EvaluateAsync<int>("document.querySelectorAll('script').length"));
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('img, iframe, object, embed').length"));
    }

    [ChromiumFact]
    public async Task Clicking_a_frame_zooms_into_it_and_search_highlights_matching_frames()
    {
        SessionReport session = SampleSessions.WithTimeline;
        await using OpenedPage opened = await Open(ReportContent.Of(session));
        IPage page = opened.Page;
        ILocator chart = page.Locator("#flamegraph .flame");
        float chartWidth = (await chart.BoundingBoxAsync())!.Width;

        // The heaviest node that has a sibling: wide enough to click, and zooming into it hides the sibling.
        CallTreeNode target = session.CallTree
            .Where(n => n.ParentId is not null && session.CallTree.Count(s => s.ParentId == n.ParentId) > 1)
            .MaxBy(n => n.InclusiveNs)!;
        ILocator frame = page.Locator($"#flamegraph .frame[data-node='{target.Id}']");
        Assert.True((await frame.BoundingBoxAsync())!.Width < chartWidth * 0.9);
        await frame.ClickAsync();
        Assert.InRange((await frame.BoundingBoxAsync())!.Width, chartWidth - 3, chartWidth + 1);
        CallTreeNode sibling = session.CallTree.Where(n => n.ParentId == target.ParentId && n.Id != target.Id).MaxBy(n => n.InclusiveNs)!;
        Assert.False(await page.Locator($"#flamegraph .frame[data-node='{sibling.Id}']").IsVisibleAsync());
        await page.Locator("#flamegraph button", new PageLocatorOptions { HasTextString = "Reset zoom" }).ClickAsync();
        Assert.True(await page.Locator($"#flamegraph .frame[data-node='{sibling.Id}']").IsVisibleAsync());

        await page.Locator("#flamegraph input[type=search]").FillAsync("fft.transform");
        int expected = session.CallTree.Count(n => session.FindProbe(n.ProbeId)!.Name.Contains("Fft.Transform", StringComparison.Ordinal));
        Assert.Equal(expected, await page.Locator("#flamegraph .frame.match").CountAsync());
        Assert.StartsWith("Matched: ", await page.Locator("#flamegraph .toolbar .hint").First.TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(opened.Errors);
    }

    [ChromiumFact]
    public async Task Sorting_a_column_reorders_the_method_table()
    {
        await using OpenedPage opened = await Open(ReportContent.Of(SampleSessions.Exact()));
        IPage page = opened.Page;
        ILocator names = page.Locator("#methods tbody td.name");
        Assert.Equal(["App.Parse(String)", "App.Emit()", "App.Lex;Scan", "App.Main()"], await names.AllTextContentsAsync()); // by self time
        await page.Locator("#methods th button", new PageLocatorOptions { HasTextString = "calls" }).ClickAsync();
        Assert.Equal("App.Lex;Scan", await names.First.TextContentAsync()); // 4 calls, the most
        Assert.Equal("descending", await page.Locator("#methods th[aria-sort]").GetAttributeAsync("aria-sort"));
        await page.Locator("#methods th button", new PageLocatorOptions { HasTextString = "calls" }).ClickAsync();
        Assert.Equal("ascending", await page.Locator("#methods th[aria-sort]").GetAttributeAsync("aria-sort"));
        Assert.Equal("1", (await page.Locator("#methods tbody tr").First.Locator("td").Nth(1).TextContentAsync())!.Trim());
    }

    [ChromiumFact]
    public async Task The_differential_flamegraph_colours_slower_paths_red_faster_blue_and_new_ones_apart()
    {
        ComparisonReport comparison = SampleComparisons.Exact();
        await using OpenedPage opened = await Open(ReportContent.Of(comparison));
        IPage page = opened.Page;
        async Task<(int R, int G, int B)> Colour(int node)
        {
            string css = await page.Locator($"#differential .frame[data-node='{node}']").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
            int[] c = [.. css[(css.IndexOf('(', StringComparison.Ordinal) + 1)..css.IndexOf(')', StringComparison.Ordinal)].Split(',').Select(x => int.Parse(x.Trim(), System.Globalization.CultureInfo.InvariantCulture))];
            return (c[0], c[1], c[2]);
        }

        (int r, _, int b) = await Colour(1);     // parse: 60 → 90 µs
        Assert.True(r > b + 60, $"parse should be red, is rgb({r}, _, {b})");
        (r, _, b) = await Colour(2);             // lex: 15 → 10 µs
        Assert.True(b > r + 60, $"lex should be blue, is rgb({r}, _, {b})");
        (r, int g, b) = await Colour(5);         // load: not in the baseline
        Assert.True(r > g && b > g, $"a new path is purple, is rgb({r}, {g}, {b})");
        string title = (await page.Locator("#differential .frame[data-node='1']").GetAttributeAsync("title"))!;
        Assert.Contains("baseline 60.0 µs (+50.0%)", title, StringComparison.Ordinal);
        Assert.Empty(opened.Errors);
    }

    [ChromiumFact]
    public async Task A_count_that_misses_unprobed_uses_shows_the_sites_beside_it_and_the_note_lists_why()
    {
        await using OpenedPage opened = await Open(ReportContent.Of(SampleSessions.WithUnprobedSites()));
        IPage page = opened.Page;

        Assert.Empty(opened.Errors);
        ILocator parseRow = page.Locator("#methods tbody tr").Filter(new LocatorFilterOptions { HasTextString = "App.Parse(String)" });
        Assert.Equal("(+3 not probed)", await parseRow.Locator(".unprobed").TextContentAsync());
        Assert.Equal("+3 sites not probed (1 base call, 2 method group)", await parseRow.Locator(".unprobed").GetAttributeAsync("title"));
        Assert.Equal(1, await page.Locator("#methods tbody .unprobed").CountAsync());
        Assert.Equal(2, await page.Locator("#methods .unprobed-list li").CountAsync());
        Assert.Contains("no probed call", await page.Locator("#methods .unprobed-list li").Nth(1).TextContentAsync(), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Allocation_samples_draw_a_flamegraph_weighted_by_bytes_and_a_table_by_type()
    {
        await using OpenedPage opened = await Open(ReportContent.Of(SampleSessions.WithAllocationSamples()));
        IPage page = opened.Page;

        Assert.Empty(opened.Errors);
        string title = (await page.Locator("#allocations .frame[data-node='1']").GetAttributeAsync("title"))!;
        Assert.Equal("App.Parse(String) — about 600.0 KiB (60.0%) allocated at or below, 100.0 KiB in the method itself, 2 calls (estimates)", title);
        // The allocation flamegraph: the three call-tree nodes that allocated (not App.Lex;Scan), Tokenize and
        // Split below App.Parse, and (outside probes) with App.Loop.
        Assert.Equal(7, await page.Locator("#allocations .frame[data-node]").CountAsync());
        double width = await page.Locator("#allocations .frame[data-node='1']").EvaluateAsync<double>("e => parseFloat(e.style.width)");
        Assert.Equal(60.0, width, 3);
        Assert.Equal(["System.String", "System.Byte[]", "App.Token"], await page.Locator("#allocations table").First.Locator("tbody td.name").AllTextContentsAsync());
        Assert.Equal("600.0 KiB", (await page.Locator("#allocations table").First.Locator("tbody tr").First.Locator("td").Nth(1).TextContentAsync())!.Trim());
        // The time flamegraph is still drawn in time.
        Assert.Contains("inclusive 60.0 µs", (await page.Locator("#flamegraph .frame[data-node='1']").GetAttributeAsync("title"))!, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task A_comparison_of_sampled_runs_lists_the_allocated_types_that_changed_per_call()
    {
        ComparisonReport comparison = RegressionDetector.Compare(SampleSessions.WithAllocationSamples(), AllocationReportsTests.ParseAllocatesMoreStrings());
        await using OpenedPage opened = await Open(new ReportContent { Comparison = comparison });
        IPage page = opened.Page;

        Assert.Empty(opened.Errors);
        ILocator rows = page.Locator("#comparison .type-changes tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        // Largest change first: String +200 KiB per call, then Token −50 KiB.
        Assert.Equal(["App.Parse(String)", "String", "250.0 KiB", "450.0 KiB", "+200.0 KiB"], (await rows.Nth(0).Locator("td").AllTextContentsAsync()).Select(t => t.Trim()));
        Assert.Equal(["App.Parse(String)", "Token", "50.0 KiB", "0 B", "−50.0 KiB"], (await rows.Nth(1).Locator("td").AllTextContentsAsync()).Select(t => t.Trim()));
    }

    [ChromiumFact]
    public async Task The_memory_chart_draws_the_heap_series_each_collection_and_the_timeline_spans()
    {
        SessionReport session = SampleSessions.WithGc;
        GcActivity gc = session.Gc!;
        await using OpenedPage opened = await Open(ReportContent.Of(session));
        IPage page = opened.Page;

        Assert.Empty(opened.Errors);
        ILocator chart = page.Locator("#memory svg.memory-chart");
        Assert.Equal(1, await chart.CountAsync());
        Assert.True((await chart.BoundingBoxAsync())!.Height > 100);
        Assert.Equal(gc.Collections.Count, await page.Locator("#memory svg rect.gc-mark").CountAsync());
        Assert.Equal(1, await page.Locator("#memory svg rect.gc-mark.g2").CountAsync());
        Assert.Equal(5, await page.Locator("#memory svg polygon.gen").CountAsync());
        string managed = (await page.Locator("#memory svg polyline.managed").GetAttributeAsync("points"))!;
        Assert.Equal(gc.HeapSeries.Count, managed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        string workingSet = (await page.Locator("#memory svg polyline.working-set").GetAttributeAsync("points"))!;
        Assert.Equal(gc.HeapSeries.Count(p => p.WorkingSetBytes is not null), workingSet.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("gen2 collection (Induced)", await page.Locator("#memory svg rect.gc-mark.g2 title").TextContentAsync(), StringComparison.Ordinal);

        // The outer calls on each thread (three Analyze calls and the async load) lie below the chart.
        Assert.True(await page.Locator("#memory svg rect.span.d0").CountAsync() >= 4);
        int scopes = session.Methods.Count(m => m.HeapDelta is not null);
        Assert.True(scopes > 0);
        Assert.Equal(scopes, await page.Locator("#memory tbody tr").CountAsync());
    }

    [ChromiumFact]
    public async Task A_session_without_memory_figures_has_no_memory_section()
    {
        SessionReport session = SampleSessions.Exact();
        Assert.Null(session.Gc);
        await using OpenedPage opened = await Open(ReportContent.Of(session));
        Assert.Empty(opened.Errors);
        Assert.Equal(0, await opened.Page.Locator("#memory").CountAsync());
    }

    private async Task<OpenedPage> Open(ReportContent content)
    {
        if (ChromiumBrowser.ExecutablePath is null)
        {
            Assert.Fail(ChromiumBrowser.MissingMessage + " CI=true, so the browser tests must run.");
        }

        string path = Path.Combine(_directory, $"report-{Guid.NewGuid():N}.html");
        new HtmlReportWriter().WriteFile(content, path);
        IPage page = await _browser.Context.NewPageAsync();
        var opened = new OpenedPage(page);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                opened.Errors.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => opened.Errors.Add($"page error: {error}");
        page.Dialog += (_, dialog) =>
        {
            opened.Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        await page.GotoAsync(new Uri(path).AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 10_000 });
        return opened;
    }

    private sealed class OpenedPage(IPage page) : IAsyncDisposable
    {
        public IPage Page { get; } = page;

        public List<string> Errors { get; } = [];

        public List<string> Dialogs { get; } = [];

        public async ValueTask DisposeAsync() => await Page.CloseAsync();
    }
}
