using System;
using System.ComponentModel;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>A request body that is plain UTF-8 text (e.g. the text to translate).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class WeChatTextBody
    {
        /// <summary>Wraps the text.</summary>
        public WeChatTextBody(string text)
        {
            Text = text ?? throw new ArgumentNullException(nameof(text));
        }

        /// <summary>The text sent.</summary>
        public string Text { get; }
    }
}
