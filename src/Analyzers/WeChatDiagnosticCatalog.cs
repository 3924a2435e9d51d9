namespace WeChat.OfficialAccount.Analyzers
{
    /// <summary>
    /// Home of the menu (WXM) and reply (WXR) rules. The rules themselves arrive with the analyzer issue;
    /// the project exists now so the solution layout and packaging are fixed from the start.
    /// </summary>
    internal static class WeChatDiagnosticCatalog
    {
        /// <summary>Category shared by every WeChat analyzer diagnostic.</summary>
        public const string Category = "WeChat";
    }
}
