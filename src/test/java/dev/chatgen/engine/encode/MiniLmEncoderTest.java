package dev.chatgen.engine.encode;

import dev.chatgen.testing.SharedEngine;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded all-MiniLM-L6-v2, run from the jar's ONNX file. */
class MiniLmEncoderTest {
    private final Encoder encoder = SharedEngine.encoder();

    @Test
    void embed_isUnitLengthAndSemantic() {
        float[] cat = encoder.embed("a cat sleeping on a sofa");
        float[] kitten = encoder.embed("a kitten napping on the couch");
        float[] car = encoder.embed("a red sports car on a race track");
        assertEquals(384, cat.length);
        assertEquals(1.0, Vectors.dot(cat, cat), 1e-4);
        assertTrue(Vectors.dot(cat, kitten) > Vectors.dot(cat, car) + 0.2);
    }

    @Test
    void embedAll_matchesOneByOneDespitePaddingInTheBatch() {
        List<String> texts = List.of("short", "a much longer sentence about a lighthouse on a cliff at dusk");
        List<float[]> batch = encoder.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(1.0, Vectors.dot(batch.get(i), MiniLmEncoderHolder.plain().embed(texts.get(i))), 1e-4);
        }
    }

    @Test
    void tokenEmbeddings_oneVectorPerWordPieceWithoutSpecialTokens() {
        float[][] tokens = encoder.tokenEmbeddings("hello world");
        assertEquals(2, tokens.length);
        assertEquals(384, tokens[0].length);
    }

    /** An uncached encoder, so the comparison above does not read back what the batch put in the cache. */
    private static final class MiniLmEncoderHolder {
        private static MiniLmEncoder encoder;

        static synchronized MiniLmEncoder plain() {
            if (encoder == null) {
                encoder = MiniLmEncoder.load(1);
            }
            return encoder;
        }
    }
}
