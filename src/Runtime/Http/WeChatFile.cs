using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>A downloaded file. Dispose it to release the connection.</summary>
    public sealed class WeChatFile : IDisposable, IAsyncDisposable
    {
        /// <summary>Wraps a downloaded body.</summary>
        public WeChatFile(Stream content, string contentType, string? fileName)
        {
            Content = content;
            ContentType = contentType;
            FileName = fileName;
        }

        /// <summary>The file's bytes.</summary>
        public Stream Content { get; }

        /// <summary>The Content-Type the platform sent.</summary>
        public string ContentType { get; }

        /// <summary>The file name from Content-Disposition, when sent.</summary>
        public string? FileName { get; }

        /// <summary>Reads the whole file into memory.</summary>
        public async Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken = default)
        {
            using var memory = new MemoryStream();
            await Content.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
            return memory.ToArray();
        }

        /// <inheritdoc />
        public void Dispose() => Content.Dispose();

        /// <inheritdoc />
        public ValueTask DisposeAsync() => Content.DisposeAsync();
    }

    /// <summary>What an endpoint that answers either a file or a JSON document returned.</summary>
    /// <typeparam name="T">The JSON document type.</typeparam>
    public sealed class WeChatFileOrJson<T>
        where T : WeChatJsonObject
    {
        /// <summary>A file answer.</summary>
        public WeChatFileOrJson(WeChatFile file)
        {
            File = file;
        }

        /// <summary>A JSON answer.</summary>
        public WeChatFileOrJson(T json)
        {
            Json = json;
        }

        /// <summary>The file, when the platform answered one.</summary>
        public WeChatFile? File { get; }

        /// <summary>The JSON document, when the platform answered one.</summary>
        public T? Json { get; }
    }
}
