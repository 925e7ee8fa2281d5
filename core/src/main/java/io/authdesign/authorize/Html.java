package io.authdesign.authorize;

/** HTML escaping for text and attribute values (OWASP rule 1 and 2 characters). */
final class Html {

    private Html() {}

    /**
     * Escapes text for an HTML element body or a quoted attribute value.
     *
     * @param text the text, or {@code null}
     * @return the escaped text ({@code ""} for {@code null})
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '/' -> out.append("&#47;");
                case '`' -> out.append("&#96;");
                case '=' -> out.append("&#61;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
