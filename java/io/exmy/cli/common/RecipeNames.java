package io.exmy.cli.common;

import io.exmy.train.Recipes;
import java.util.Iterator;

/**
 * The built-in recipes' names, for picocli's {@code ${COMPLETION-CANDIDATES}}: help texts list the
 * registry as it is, not as someone last typed it.
 */
public final class RecipeNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Recipes.names().iterator();
    }
}
