namespace Edm.Tracks.Generation;

/// <summary>Which style a tempo calls for.</summary>
public static class GrooveStyles
{
    /// <summary>The style usually played at <paramref name="bpm"/>.</summary>
    public static GrooveStyle ForTempo(double bpm) => bpm switch
    {
        < 100 => GrooveStyle.HipHop,
        < 118 => GrooveStyle.Breakbeat,
        < 132 => GrooveStyle.House,
        < 158 => GrooveStyle.Techno,
        _ => GrooveStyle.DrumAndBass,
    };
}
