using System;
using System.IO;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>A file to upload: its content, its name (the platform checks the extension) and its content type.</summary>
    /// <param name="Content">The bytes to send; read from its current position, not disposed by the client.</param>
    /// <param name="FileName">File name with an extension matching the real type, e.g. photo.jpg.</param>
    /// <param name="ContentType">MIME type, e.g. image/jpeg.</param>
    public sealed record WeChatUpload(Stream Content, string FileName, string ContentType)
    {
        /// <summary>The content, checked.</summary>
        public Stream Content { get; } = Content ?? throw new ArgumentNullException(nameof(Content));

        /// <summary>The file name, checked.</summary>
        public string FileName { get; } = string.IsNullOrWhiteSpace(FileName) ? throw new ArgumentException("A file name with an extension is required; the platform rejects uploads without one.", nameof(FileName)) : FileName;
    }
}
