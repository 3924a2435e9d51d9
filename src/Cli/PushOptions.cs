using System.CommandLine;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// The options that carry the account's message push settings and a push's query parameters, created afresh
    /// for each command so every command owns its options and their help text stays the same everywhere.
    /// </summary>
    internal static class PushOptions
    {
        /// <summary><c>--token</c>: the Token of the message push settings.</summary>
        public static Option<string> Token() => Required("--token", "The Token configured in the account's message push settings.");

        /// <summary><c>--timestamp</c>: the push's <c>timestamp</c>, or the reply's TimeStamp.</summary>
        /// <param name="description">What the timestamp is in this command.</param>
        public static Option<string> Timestamp(string description) => Required("--timestamp", description);

        /// <summary><c>--nonce</c>: the push's <c>nonce</c>, or the reply's Nonce.</summary>
        /// <param name="description">What the nonce is in this command.</param>
        public static Option<string> Nonce(string description) => Required("--nonce", description);

        /// <summary><c>--aes-key</c>: the 43-character EncodingAESKey.</summary>
        public static Option<string> AesKey() => Required("--aes-key", "The 43-character EncodingAESKey configured in the account's message push settings.");

        /// <summary><c>--app-id</c>: the account's AppID.</summary>
        public static Option<string> AppId() => Required("--app-id", "The account's AppID (wx…): sealed into every encrypted message and checked when decrypting.");

        private static Option<string> Required(string name, string description) => new(name)
        {
            Description = description,
            Required = true,
        };
    }
}
