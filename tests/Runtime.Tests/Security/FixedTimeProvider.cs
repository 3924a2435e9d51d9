using System;

namespace WeChat.OfficialAccount.Tests.Security
{
    /// <summary>A clock stopped at a chosen instant, for the timestamp-window tests.</summary>
    internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
