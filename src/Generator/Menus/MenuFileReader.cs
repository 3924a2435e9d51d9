using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis.Text;
using WeChat.OfficialAccount.Generator.Model;
using WeChat.OfficialAccount.Menus.Rules;

namespace WeChat.OfficialAccount.Generator.Menus
{
    /// <summary>
    /// Reads the button keys of one <c>*.menu.json</c> file with the shared menu reader. It reports nothing: the menu
    /// analyzer is the one reporter of WXM diagnostics for these files.
    /// </summary>
    internal static class MenuFileReader
    {
        /// <summary>The file-name suffix that marks a menu file.</summary>
        public const string Suffix = ".menu.json";

        /// <summary>The file's keys in file order, or null when the file is not a readable menu (then nothing is generated).</summary>
        public static MenuFileModel? Read(string path, SourceText? text, CancellationToken cancellationToken)
        {
            if (text is null)
            {
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            MenuModel? menu = MenuJson.Read(text.ToString(), out _, out _);
            if (menu is null)
            {
                return null;
            }

            var keys = new List<MenuKey>();
            foreach (MenuButtonModel button in menu.Buttons)
            {
                AddKeys(button, keys);
            }

            string fileName = path.Substring(Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\')) + 1);
            string stem = fileName.Substring(0, Math.Max(0, fileName.Length - Suffix.Length));
            string className = MenuKeyNames.Pascal(stem, "Menu");

            // A class may not be named like its nested Keys class (CS0542): keys.menu.json becomes KeysMenu.
            className = className == MenuKeysLinker.KeysClassName ? className + "Menu" : className;
            return new MenuFileModel(path, fileName, className, new EquatableArray<MenuKey>(keys));
        }

        private static void AddKeys(MenuButtonModel button, List<MenuKey> keys)
        {
            if (button.Get("key") is { IsConstant: true, Text: { Length: > 0 } key })
            {
                keys.Add(new MenuKey(key, button.Get("name")?.Text ?? string.Empty, button.Get("type")?.Text ?? string.Empty));
            }

            foreach (MenuButtonModel sub in button.SubButtons ?? new List<MenuButtonModel>())
            {
                AddKeys(sub, keys);
            }
        }
    }
}
