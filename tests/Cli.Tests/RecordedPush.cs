using System.Collections.Generic;

namespace WeChat.OfficialAccount.Cli.Tests
{
    /// <summary>One push the <see cref="SimulatorBot"/> received.</summary>
    internal sealed record RecordedPush(IReadOnlyDictionary<string, string> Query, string? ContentType, byte[] Body)
    {
        /// <summary>The parsed (and decrypted) message, once the signatures checked out.</summary>
        public WeChatMessage? Message { get; set; }
    }
}
