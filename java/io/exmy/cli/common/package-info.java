/**
 * What every command shares: the user error (UserError), option ranges (Range), the files a command
 * declares (WritesFiles, CommandFiles), text and result tables (TextTable, TableOutputOptions),
 * and option groups and completions several commands take (BlockSchemeOptions, RecipeNames).
 *
 * <p>May use {@code train}, {@code fit}, {@code results}, {@code format}, {@code block}, {@code io}
 * (docs/ARCHITECTURE.md, "Layers").
 */
package io.exmy.cli.common;
