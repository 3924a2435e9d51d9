using System;

namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// A signature check, decryption or reply encryption failed. <see cref="Error"/> says which official
    /// check failed; the message says why and what to check next.
    /// </summary>
    public sealed class WeChatCryptoException : Exception
    {
        /// <summary>Creates an exception for <paramref name="error"/> with a reason that says what to check.</summary>
        /// <param name="error">The official failure code.</param>
        /// <param name="reason">Why the check failed and what the caller should look at next.</param>
        /// <param name="innerException">The underlying failure, if any.</param>
        public WeChatCryptoException(WeChatCryptoError error, string reason, Exception? innerException = null)
            : base(FormatMessage(error, reason), innerException)
        {
            Error = error;
        }

        /// <summary>Which official check failed.</summary>
        public WeChatCryptoError Error { get; }

        /// <summary>The official numeric code, e.g. −40001 for <see cref="WeChatCryptoError.ValidateSignatureError"/>.</summary>
        public int Code => (int)Error;

        private static string FormatMessage(WeChatCryptoError error, string reason)
        {
            ArgumentNullException.ThrowIfNull(reason);
            return $"{error} ({(int)error}): {reason}";
        }
    }
}
