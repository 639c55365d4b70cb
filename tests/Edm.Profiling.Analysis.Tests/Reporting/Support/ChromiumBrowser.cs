using Microsoft.Playwright;

namespace Edm.Profiling.Analysis.Tests.Reporting.Support;

/// <summary>
/// Headless Chromium driven by Playwright, started once for the browser tests. Uses the system's
/// Chromium (<c>apt-get install -y chromium</c>); Playwright never downloads a browser here.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    private static readonly string[] s_candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    private readonly string _profile = Path.Combine(Path.GetTempPath(), $"edm-chromium-{Guid.NewGuid():N}");
    private IPlaywright? _playwright;
    private IBrowserContext? _context;

    /// <summary>The Chromium executable, or null when none is installed.</summary>
    public static string? ExecutablePath { get; } = s_candidates.FirstOrDefault(File.Exists);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"Chromium is not installed (looked for {string.Join(", ", s_candidates)}); install it with 'apt-get install -y chromium' to run the HTML report's browser tests.";

    public IBrowserContext Context => _context ?? throw new InvalidOperationException(MissingMessage);

    public async Task InitializeAsync()
    {
        if (ExecutablePath is null)
        {
            return; // each test fails (in CI) or was skipped (elsewhere) with MissingMessage
        }

        _playwright = await Playwright.CreateAsync();
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            Offline = true,
        });
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }

        _playwright?.Dispose();
        if (Directory.Exists(_profile))
        {
            Directory.Delete(_profile, recursive: true);
        }
    }
}
