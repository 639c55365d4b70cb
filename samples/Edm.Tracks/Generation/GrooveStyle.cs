namespace Edm.Tracks.Generation;

/// <summary>The drum styles the generator plays, each at home in its own tempo range.</summary>
public enum GrooveStyle
{
    /// <summary>Boom-bap: kick on 1 and 3-and, snare on 2 and 4, swung eighth-note hats (80–100 BPM).</summary>
    HipHop,

    /// <summary>Broken kicks, snare on 2 and 4 with ghost notes (100–118 BPM).</summary>
    Breakbeat,

    /// <summary>Four-on-the-floor kick, clap on 2 and 4, off-beat open hats, swung sixteenths (118–132 BPM).</summary>
    House,

    /// <summary>Four-on-the-floor kick, soft rim on 2 and 4, straight sixteenth hats (132–158 BPM).</summary>
    Techno,

    /// <summary>Two-step: kick on 1 and 3-and, snare on 2 and 4, eighth-note hats (158–180 BPM).</summary>
    DrumAndBass,
}
