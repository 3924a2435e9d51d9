using System;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>The message push settings of one account, as given on the command line.</summary>
    /// <param name="Token">The Token.</param>
    /// <param name="AesKey">The EncodingAESKey.</param>
    /// <param name="AppId">The AppID.</param>
    internal sealed record PushSettings(string Token, string AesKey, string AppId)
    {
        /// <summary>Creates the crypto for these settings.</summary>
        /// <exception cref="ArgumentException">The token or AppID is empty; the message names the option.</exception>
        /// <exception cref="WeChatCryptoException"><see cref="WeChatCryptoError.IllegalAesKey"/>.</exception>
        public WeChatMessageCrypto CreateCrypto()
        {
            // The library names its parameters; on the command line the user knows the options.
            if (Token.Length == 0)
            {
                throw new ArgumentException("--token must not be empty");
            }

            if (AppId.Length == 0)
            {
                throw new ArgumentException("--app-id must not be empty");
            }

            return new WeChatMessageCrypto(Token, AesKey, AppId);
        }
    }
}
