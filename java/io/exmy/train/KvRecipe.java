package io.exmy.train;

/**
 * How a recipe quantizes the attention's keys and values (the KV cache): an element format and a
 * granularity, each fixed or a run setting ({@code $pkv}, {@code $kv_granularity}); the quantizer
 * itself is {@link KvQuant}'s (float32 amax scale, round to nearest even).
 */
record KvRecipe(SchemeTemplate format, SchemeTemplate granularity) {
    KvQuant resolve(RecipeValues v) {
        return new KvQuant(Precision.parse(format.fill(v::text)), KvQuant.Granularity.parse(granularity.fill(v::text)));
    }
}
