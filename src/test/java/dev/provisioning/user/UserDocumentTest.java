package dev.provisioning.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The matching email of product.md §3.1 and §11: the work email; without one, {@code userName} when
 * it is an email address; then the primary email; then the only email.
 */
class UserDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            work email wins over everything           | {'userName':'u@x.com','emails':[{'value':'p@x.com','primary':true},{'value':'w@x.com','type':'work'}]} | w@x.com
            work type in any case and with blanks     | {'userName':'u@x.com','emails':[{'value':'w@x.com','type':' Work '}]}                                 | w@x.com
            a work email without a value is skipped   | {'userName':'u@x.com','emails':[{'value':'','type':'work'},{'value':'p@x.com','primary':true}]}      | u@x.com
            userName that is an email, before primary | {'userName':'u@x.com','emails':[{'value':'p@x.com','primary':true,'type':'home'}]}                   | u@x.com
            userName kept as sent                     | {'userName':' U@X.com ','emails':[{'value':'p@x.com','primary':true}]}                              | ' U@X.com '
            userName not an email: primary email      | {'userName':'jdoe','emails':[{'value':'h@x.com','type':'home'},{'value':'p@x.com','primary':true,'type':'other'}]} | p@x.com
            userName not an email: the only email     | {'userName':'jdoe','emails':[{'value':'h@x.com','type':'home'}]}                                     | h@x.com
            two @ is not an email                     | {'userName':'a@b@c','emails':[{'value':'h@x.com','type':'home'}]}                                    | h@x.com
            blank inside is not an email              | {'userName':'a b@c.com','emails':[{'value':'h@x.com','type':'home'}]}                                | h@x.com
            no local part is not an email             | {'userName':'@c.com','emails':[{'value':'h@x.com','type':'home'}]}                                   | h@x.com
            no emails: userName even when not email   | {'userName':'jdoe'}                                                                                  | jdoe
            several typed emails, none fits: userName | {'userName':'jdoe','emails':[{'value':'h@x.com','type':'home'},{'value':'o@x.com','type':'other'}]} | jdoe
            several emails: the first untyped one     | {'userName':'jdoe','emails':[{'value':'h@x.com','type':'home'},{'value':'n@x.com'}]}                | n@x.com
            """)
    void matchingEmail(String name, String document, String expected) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(document.replace('\'', '"'));
        assertThat(UserDocument.matchingEmail(doc)).isEqualTo(expected);
    }
}
