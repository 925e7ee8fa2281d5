package io.authdesign.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/** Client addresses as rate limits count them. */
public final class ClientAddresses {

    private ClientAddresses() {}

    /**
     * The group a client address is throttled as: the /64 prefix of an IPv6 literal ({@code [..]} and a
     * zone are ignored), anything else (IPv4, an IPv4-mapped IPv6 address, an unparsable value) as it is.
     * Never a DNS lookup: only strings with a colon are parsed, and those are IPv6 literals or nothing.
     */
    public static String group(String address) {
        if (address == null) {
            return "";
        }
        String literal = address.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0) {
            literal = literal.substring(0, zone);
        }
        if (literal.indexOf(':') < 0 || !literal.matches("[0-9A-Fa-f:.]{2,45}")) {
            return literal;
        }
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress();
            if (bytes.length != 16) {
                return literal; // an IPv4-mapped address is one IPv4 host
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
