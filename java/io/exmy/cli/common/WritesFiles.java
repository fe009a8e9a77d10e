package io.exmy.cli.common;


/**
 * A command that reads or writes files says which, so that {@link CommandFiles} can refuse a
 * clobbering command line before the command does any work. {@code io.exmy.cli.CheckedExecution} calls this on
 * every command that implements it; {@code CommandFilesTest} checks that every command with a path
 * option does.
 */
public interface WritesFiles {
    void declare(CommandFiles files);
}
