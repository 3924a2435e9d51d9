using System.Collections.Generic;
using System.ComponentModel;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>A multipart/form-data body: one file part plus text fields.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class WeChatMultipart
    {
        private readonly List<KeyValuePair<string, string>> _fields = new();

        /// <summary>Creates the body with its file part.</summary>
        public WeChatMultipart(string fileField, WeChatUpload file)
        {
            FileField = fileField;
            File = file;
        }

        /// <summary>Form field name of the file (media, img …).</summary>
        public string FileField { get; }

        /// <summary>The file.</summary>
        public WeChatUpload File { get; }

        /// <summary>Text fields.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

        /// <summary>Adds a text field.</summary>
        public void Add(string name, string value) => _fields.Add(new(name, value));
    }
}
