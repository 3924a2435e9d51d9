namespace WeChat.OfficialAccount.Generator.Model
{
    // The menu-keys pipeline: *.menu.json files → key constants. Immutable and equatable like every pipeline model.

    /// <summary>One button key as written in a menu file, with what documents it.</summary>
    internal sealed record MenuKey(string Value, string ButtonName, string ButtonType);

    /// <summary>One readable <c>*.menu.json</c> file: the class it contributes to and its keys in file order.</summary>
    internal sealed record MenuFileModel(string Path, string FileName, string ClassName, EquatableArray<MenuKey> Keys);

    /// <summary>A key with its C# constant name.</summary>
    internal sealed record MenuKeyConstant(string Name, MenuKey Key);

    /// <summary>One generated <c>Menus.{ClassName}</c> class: the files that contribute to it and its constants.</summary>
    internal sealed record MenuKeysModel(string ClassName, EquatableArray<string> FileNames, EquatableArray<MenuKeyConstant> Constants);
}
