#if NETSTANDARD2_0
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edm.Profiling;

/// <summary>
/// The static members of newer BCL types this code calls, for netstandard2.0 (C# 14 extension
/// members, so the calling code reads the same on every target).
/// </summary>
internal static class BclStatics
{
    extension(ArgumentNullException)
    {
        public static void ThrowIfNull([System.Diagnostics.CodeAnalysis.NotNull] object? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            if (argument is null)
            {
                throw new ArgumentNullException(paramName);
            }
        }
    }

    extension(Math)
    {
        public static long Clamp(long value, long min, long max) => value < min ? min : value > max ? max : value;

        public static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;

        public static double Clamp(double value, double min, double max) => value < min ? min : value > max ? max : value;
    }

    extension(int)
    {
        public static bool TryParse(ReadOnlySpan<char> text, System.Globalization.NumberStyles style, IFormatProvider provider, out int result) =>
            int.TryParse(text.ToString(), style, provider, out result);
    }

    extension(System.Environment)
    {
        public static int ProcessId
        {
            get
            {
                using Process process = Process.GetCurrentProcess();
                return process.Id;
            }
        }
    }

    extension(OperatingSystem)
    {
        public static bool IsLinux() => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

        public static bool IsMacOS() => RuntimeInformation.IsOSPlatform(OSPlatform.OSX);

        public static bool IsWindows() => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
    }
}
#endif
