package dev.provisioning.scim.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.provisioning.scim.message.ScimException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a bulk operation's path names, per method. */
class BulkTargetTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "-", textBlock = """
            POST,   /Users,        User,  -
            POST,   /Groups/,      Group, -
            PUT,    /Users/abc,    User,  abc
            PATCH,  /Groups/g-1,   Group, g-1
            DELETE, ' /Users/x ',  User,  x
            """)
    void targets(BulkMethod method, String path, String type, String id) {
        BulkTarget target = BulkTarget.parse(method, path);
        assertThat(target.type().name()).isEqualTo(type);
        assertThat(target.id()).isEqualTo(id);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            POST,   /Users/abc
            PUT,    /Users
            DELETE, /Groups
            PATCH,  /Users/a/b
            POST,   /Devices
            POST,   Users
            PUT,    /users/abc
            POST,   /Bulk
            """)
    void refused(BulkMethod method, String path) {
        ScimException error = catchThrowableOfType(ScimException.class, () -> BulkTarget.parse(method, path));
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.scimType().wire()).isEqualTo("invalidValue");
    }
}
