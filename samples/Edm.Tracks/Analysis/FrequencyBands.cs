namespace Edm.Tracks.Analysis;

/// <summary>
/// Groups FFT bins into third-octave bands, so a kick (a few low bins) weighs as much in the onset
/// envelope as a hi-hat (hundreds of high bins).
/// </summary>
public sealed class FrequencyBands
{
    private const double LowestHz = 30;
    private const double HighestHz = 11_000;
    private const double BandsPerOctave = 3;

    private FrequencyBands(int[] starts, int[] ends)
    {
        Starts = starts;
        Ends = ends;
    }

    /// <summary>First bin of each band.</summary>
    public IReadOnlyList<int> Starts { get; }

    /// <summary>One past the last bin of each band.</summary>
    public IReadOnlyList<int> Ends { get; }

    /// <summary>Number of bands.</summary>
    public int Count => Starts.Count;

    /// <summary>Bands for a frame layout; low bands narrower than a bin are merged.</summary>
    public static FrequencyBands For(FrameLayout layout)
    {
        double top = Math.Min(HighestHz, layout.SampleRate / 2.0);
        var starts = new List<int>();
        var ends = new List<int>();
        int start = Math.Max(1, (int)Math.Floor(LowestHz / layout.BinWidth));
        double edgeHz = LowestHz;
        while (edgeHz < top && start < layout.BinCount)
        {
            edgeHz *= Math.Pow(2, 1 / BandsPerOctave);
            int end = Math.Min(layout.BinCount, (int)Math.Ceiling(Math.Min(edgeHz, top) / layout.BinWidth));
            if (end > start)
            {
                starts.Add(start);
                ends.Add(end);
                start = end;
            }
        }

        return new FrequencyBands([.. starts], [.. ends]);
    }
}
