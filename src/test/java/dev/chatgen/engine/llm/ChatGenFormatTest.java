package dev.chatgen.engine.llm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading a ChatGen checkpoint's answer: JSON with Civitai's field names, or labelled lines. */
class ChatGenFormatTest {
    private static final String WHERE = "the LLM at http://gpu:8000/v1";

    @Test
    void parse_labelledLinesInMarkdown_aFieldRunsToTheNextLabel() throws LlmException {
        Draft d = ChatGenFormat.parse("**Prompt:** masterpiece, best quality,\n1girl, (robot:1.2), waist up\n"
                + "**Negative prompt:** lowres, bad hands\n**Model:** someCheckpoint\n**Arguments:** {\"steps\": 30}", WHERE);
        assertEquals("masterpiece, best quality, 1girl, (robot:1.2), waist up", d.prompt());
        assertEquals("lowres, bad hands", d.negativePrompt());
    }

    @Test
    void parse_jsonInAFence_withCivitaisNames() throws LlmException {
        Draft d = ChatGenFormat.parse("```json\n{\"prompt\": \"a castle\", \"negativePrompt\": \"blurry\", \"model\": \"x\", \"sampler\": \"Euler a\"}\n```", WHERE);
        assertEquals(new Draft("a castle", "blurry"), d);
    }

    @Test
    void parse_aNegativePromptIsOptional() throws LlmException {
        assertEquals(new Draft("a castle", ""), ChatGenFormat.parse("Prompt: \"a castle\"", WHERE));
    }

    @Test
    void parse_chatWithoutAPromptIsMalformed() {
        LlmException e = assertThrows(LlmException.class, () -> ChatGenFormat.parse("Sure: what would you like?", WHERE));
        assertEquals(LlmException.Kind.MALFORMED, e.kind());
    }

    @Test
    void answerText_twoFencedBlocksAreNotGuessedBetween() {
        assertEquals(java.util.Optional.empty(), AnswerText.jsonObject("```json\n{\"a\": 1}\n```\nor\n```json\n{\"a\": 2}\n```"));
    }

    @Test
    void answerText_trailingTextAfterTheObjectIsNotJson() {
        assertEquals(java.util.Optional.empty(), AnswerText.jsonObject("{\"prompt\": \"x\"} and also"));
    }
}
