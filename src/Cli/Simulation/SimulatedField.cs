namespace WeChat.OfficialAccount.Cli.Simulation
{
    /// <summary>A value a simulated payload must carry.</summary>
    /// <param name="Value">The element's text.</param>
    /// <param name="Option">The option it came from, to name in an error; null for a generated value such as MsgId.</param>
    internal sealed record SimulatedField(string Value, string? Option);
}
