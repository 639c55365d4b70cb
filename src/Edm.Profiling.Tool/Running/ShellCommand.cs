namespace Edm.Profiling.Tool.Running;

/// <summary>
/// A command given as one string (<c>ab -a '…' -b '…'</c>, <c>ab --build '…'</c>) runs through the
/// platform's shell, so quoting, pipes and <c>&amp;&amp;</c> mean what they mean in a terminal:
/// <c>/bin/sh -c</c>, or <c>cmd.exe /d /s /c</c> on Windows.
/// </summary>
internal static class ShellCommand
{
    internal static IReadOnlyList<string> Of(string text) =>
        OperatingSystem.IsWindows() ? ["cmd.exe", "/d", "/s", "/c", text] : ["/bin/sh", "-c", text];
}
