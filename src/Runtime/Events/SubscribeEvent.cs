using System;

namespace WeChat.OfficialAccount.Events
{
    /// <summary>
    /// The platform sends one <c>subscribe</c> Event for several ways of following; the EventKey tells them apart.
    /// These members decode it (peers model the variants as separate "subscribe_scan" types; the wire has one).
    /// </summary>
    public sealed partial class SubscribeEvent
    {
        /// <summary>Prefix of EventKey when the user followed by scanning a parameterized QR code.</summary>
        public const string QrScenePrefix = "qrscene_";

        /// <summary>
        /// The scene value (scene_id or scene_str) when the user followed by scanning a parameterized QR code,
        /// i.e. EventKey without its <c>qrscene_</c> prefix; null otherwise.
        /// </summary>
        public string? QrScene =>
            EventKey is { } key && key.StartsWith(QrScenePrefix, StringComparison.Ordinal) ? key.Substring(QrScenePrefix.Length) : null;

        /// <summary>
        /// For a follow that came from scanning a product (EventKey <c>scanbarcode|standard|key</c> or
        /// <c>scanimage|standard|key</c>): the three parts; null otherwise.
        /// </summary>
        public (string Source, string KeyStandard, string KeyString)? ScannedProduct
        {
            get
            {
                if (EventKey is not { } key
                    || !(key.StartsWith("scanbarcode|", StringComparison.Ordinal) || key.StartsWith("scanimage|", StringComparison.Ordinal)))
                {
                    return null;
                }

                string[] parts = key.Split('|', 3);
                return parts.Length == 3 ? (parts[0], parts[1], parts[2]) : null;
            }
        }
    }
}
