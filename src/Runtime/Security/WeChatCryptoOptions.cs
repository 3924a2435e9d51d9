using System;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>Optional behaviour of <see cref="WeChatMessageCrypto"/>.</summary>
    /// <remarks>
    /// The values are copied when a <see cref="WeChatMessageCrypto"/> is constructed; changing the options
    /// afterwards does not affect existing instances.
    /// </remarks>
    public sealed class WeChatCryptoOptions
    {
        /// <summary>
        /// How far the <c>timestamp</c> query parameter may be from the current time, in either direction,
        /// before a message is rejected as stale. <see langword="null"/> (the default) skips the check, as the
        /// official samples do; set it (for example to five minutes) to limit replay of captured requests.
        /// </summary>
        public TimeSpan? TimestampWindow { get; set; }

        /// <summary>The clock the timestamp window is measured against. Defaults to <see cref="TimeProvider.System"/>.</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    }
}
