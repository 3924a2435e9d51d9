using System;

namespace WeChat.OfficialAccount.Xml
{
    /// <summary>
    /// The one exception the WeChat XML parser throws: the input is malformed, unsafe or does not fit the spec.
    /// </summary>
    /// <remarks>
    /// WeChat never sends such bodies, so seeing this usually means the request did not come from WeChat
    /// (or was truncated or tampered with on the way). Answer it with 400 and log <see cref="Offset"/> and <see cref="Reason"/>.
    /// </remarks>
    public sealed class WeChatXmlException : Exception
    {
        /// <summary>Creates the exception for a problem found at <paramref name="offset"/>.</summary>
        /// <param name="offset">Byte offset in the input where the problem was found.</param>
        /// <param name="reason">Short description of the problem.</param>
        /// <param name="innerException">The underlying failure, if any.</param>
        public WeChatXmlException(long offset, string reason, Exception? innerException = null)
            : base($"Invalid WeChat XML at byte {offset}: {reason}", innerException)
        {
            Offset = offset;
            Reason = reason;
        }

        /// <summary>Byte offset in the input (BOM included) where the problem was found.</summary>
        public long Offset { get; }

        /// <summary>Short description of the problem, without the offset.</summary>
        public string Reason { get; }
    }
}
