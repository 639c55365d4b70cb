namespace Edm.Profiling.Analysis.Tests.Reporting.Support;

/// <summary>
/// A test that needs Debian's headless Chromium. Skipped, saying why, on a machine without it;
/// in CI (<c>CI=true</c>) it runs regardless and fails with instructions, so a missing browser can
/// never turn the browser tests green by skipping them.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (ChromiumBrowser.ExecutablePath is null && !ChromiumBrowser.InCi)
        {
            Skip = ChromiumBrowser.MissingMessage;
        }
    }
}
