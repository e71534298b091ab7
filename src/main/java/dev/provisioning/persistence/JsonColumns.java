package dev.provisioning.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.JsonFormat;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;

/**
 * How JSON columns (the users' SCIM document) are written and read: a plain Jackson mapper of
 * their own, independent of whatever the REST layer configures, so that a stored document
 * round-trips exactly as it was sent.
 */
@JsonFormat
@PersistenceUnitExtension
@ApplicationScoped
public class JsonColumns implements FormatMapper {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public <T> T fromString(CharSequence text, JavaType<T> javaType, WrapperOptions options) {
        try {
            return MAPPER.readValue(text.toString(), javaType.getJavaTypeClass());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON column holds something that is not JSON", e);
        }
    }

    @Override
    public <T> String toString(T value, JavaType<T> javaType, WrapperOptions options) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a JSON column", e);
        }
    }
}
