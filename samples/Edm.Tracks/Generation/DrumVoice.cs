namespace Edm.Tracks.Generation;

/// <summary>The drum sounds the synthesiser can play.</summary>
public enum DrumVoice
{
    /// <summary>Bass drum: a sine sweeping down from ~155 Hz to 45 Hz.</summary>
    Kick,

    /// <summary>Snare: a 185 Hz body and a burst of bright noise.</summary>
    Snare,

    /// <summary>Hand clap: three quick noise bursts and a short tail.</summary>
    Clap,

    /// <summary>Closed hi-hat: very short high-passed noise.</summary>
    ClosedHat,

    /// <summary>Open hi-hat: longer high-passed noise.</summary>
    OpenHat,
}
