package io.sphaera.firmware.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ImageVersionTest {
    @Test
    void ordersNumberByNumber() {
        assertTrue(new ImageVersion("24.10").compareTo(new ImageVersion("24.06")) > 0);
        assertTrue(new ImageVersion("1.10").compareTo(new ImageVersion("1.9")) > 0);
        assertEquals(0, new ImageVersion("1.0").compareTo(new ImageVersion("1.0.0")));
        assertTrue(new ImageVersion("2").compareTo(new ImageVersion("1.99.99.99")) > 0);
    }

    @Test
    void refusesWhatIsNotAVersion() {
        for (String bad : new String[] {"", "1.", ".1", "1..2", "a.b", "1.2.3.4.5", "-1", "1 .2", "1234567890"}) {
            assertThrows(IllegalArgumentException.class, () -> new ImageVersion(bad), bad);
        }
    }
}
