namespace WeChat.OfficialAccount.Security
{
    /// <summary>
    /// The failure codes of the official WXBizMsgCrypt samples. The numeric values are the official
    /// codes, so <c>(int)error</c> can be logged or compared with other SDKs' output.
    /// </summary>
    public enum WeChatCryptoError
    {
        /// <summary>The signature or msg_signature does not match, or the timestamp is outside the accepted window (−40001).</summary>
        ValidateSignatureError = -40001,

        /// <summary>The request envelope could not be parsed as XML (−40002).</summary>
        ParseXmlError = -40002,

        /// <summary>Computing the SHA-1 signature failed (−40003).</summary>
        ComputeSignatureError = -40003,

        /// <summary>The EncodingAESKey is not 43 base64 characters (−40004).</summary>
        IllegalAesKey = -40004,

        /// <summary>The AppID inside the decrypted message is not the configured AppID (−40005).</summary>
        ValidateAppIdError = -40005,

        /// <summary>AES encryption failed (−40006).</summary>
        EncryptAesError = -40006,

        /// <summary>AES decryption failed, or the ciphertext is not a whole number of AES blocks (−40007).</summary>
        DecryptAesError = -40007,

        /// <summary>The decrypted buffer has invalid padding or an impossible length field (−40008).</summary>
        IllegalBuffer = -40008,

        /// <summary>Base64 encoding of the ciphertext failed (−40009).</summary>
        EncodeBase64Error = -40009,

        /// <summary>The Encrypt value is not valid base64 (−40010).</summary>
        DecodeBase64Error = -40010,

        /// <summary>The encrypted reply envelope could not be generated from the given values (−40011).</summary>
        GenReturnXmlError = -40011,
    }
}
