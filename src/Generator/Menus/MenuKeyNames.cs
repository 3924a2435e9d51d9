using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace WeChat.OfficialAccount.Generator.Menus
{
    /// <summary>
    /// C# names for menu files and button keys (the rule docs/menus.md documents): split on every character that
    /// cannot be part of an identifier (<c>_ - .</c>, spaces …), capitalise each word, lower the rest of an all-caps
    /// word, keep the rest of a mixed-case word; a name that cannot start an identifier gets a leading underscore.
    /// </summary>
    internal static class MenuKeyNames
    {
        /// <summary>The PascalCase identifier for <paramref name="text"/>, or <paramref name="fallback"/> when it has no word.</summary>
        public static string Pascal(string text, string fallback)
        {
            var name = new StringBuilder(text.Length);
            int i = 0;
            while (i < text.Length)
            {
                if (!IsWordCharacter(text[i]))
                {
                    i++;
                    continue;
                }

                int start = i;
                bool hasLower = false;
                while (i < text.Length && IsWordCharacter(text[i]))
                {
                    hasLower |= char.IsLower(text[i]);
                    i++;
                }

                name.Append(char.ToUpperInvariant(text[start]));
                string rest = text.Substring(start + 1, i - start - 1);
                name.Append(hasLower ? rest : rest.ToLowerInvariant());
            }

            if (name.Length == 0)
            {
                return fallback;
            }

            string result = name.ToString();
            return SyntaxFacts.IsIdentifierStartCharacter(result[0]) && SyntaxFacts.GetKeywordKind(result) == SyntaxKind.None
                ? result
                : "_" + result;
        }

        // '_' is a word separator here (V1001_TODAY_MUSIC → V1001TodayMusic), so generated names never contain one
        // except a leading underscore or the "_2" that tells apart keys whose names collide.
        private static bool IsWordCharacter(char c) => c != '_' && SyntaxFacts.IsIdentifierPartCharacter(c);
    }
}
