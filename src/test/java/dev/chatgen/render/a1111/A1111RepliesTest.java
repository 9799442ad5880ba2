package dev.chatgen.render.a1111;

import dev.chatgen.render.BackendUnavailableException;
import dev.chatgen.render.RenderFailedException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class A1111RepliesTest {
    private final A1111Replies replies = new A1111Replies("http://gpu-box:7860");

    private RuntimeException render(int status, String body) {
        return assertThrows(RuntimeException.class, () -> replies.render(new A1111Client.Reply("/sdapi/v1/txt2img", status, body), "1024x1536"));
    }

    @Test
    void pydanticTwoValidationErrorsNameTheNestedField() {
        RuntimeException e = render(422, """
                {"detail":[{"type":"int_parsing","loc":["body","steps"],"msg":"Input should be a valid integer","input":"many"},
                           {"type":"missing","loc":["body","override_settings","sd_model_checkpoint"],"msg":"Field required","input":{}}]}""");
        assertEquals(RenderFailedException.class, e.getClass());
        assertEquals("The AUTOMATIC1111 server rejected the request: steps: Input should be a valid integer;"
                + " override_settings.sd_model_checkpoint: Field required.", e.getMessage());
    }

    @Test
    void outOfMemoryIsRecognisedInDetailToo() {
        RuntimeException e = render(500, """
                {"error":"OutOfMemoryError","detail":"CUDA out of memory. Tried to allocate 9.00 GiB","body":"","errors":""}""");
        assertEquals("The GPU ran out of memory at 1024x1536; try a smaller size or fewer steps.", e.getMessage());
    }

    @Test
    void aSamplerTheServerRefusesIsTheJobsProblem() {
        RuntimeException e = render(400, """
                {"error":"HTTPException","detail":"Sampler not found","body":"","errors":"400: Sampler not found"}""");
        assertEquals(RenderFailedException.class, e.getClass());
        assertEquals("The AUTOMATIC1111 server refused the request (HTTP 400): Sampler not found", e.getMessage());
    }

    @Test
    void aPlainTextServerErrorIsPassedOn() {
        RuntimeException e = render(500, "Internal Server Error");
        assertEquals("The AUTOMATIC1111 server failed this picture: Internal Server Error", e.getMessage());
    }

    @Test
    void authenticationAndGatewayErrorsAreNotTheJobsFault() {
        RuntimeException auth = render(401, """
                {"error":"HTTPException","detail":"Not authenticated","body":"","errors":"401: Not authenticated"}""");
        assertEquals(BackendUnavailableException.class, auth.getClass());
        assertTrue(auth.getMessage().contains("render.a1111.auth") && auth.getMessage().contains("Not authenticated"), auth.getMessage());
        assertEquals(BackendUnavailableException.class, render(502, "<html>Bad Gateway</html>").getClass());
        assertEquals(BackendUnavailableException.class, render(404, "{\"detail\":\"Not Found\"}").getClass());
    }
}
