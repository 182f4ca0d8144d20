package io.enrolgate.zigbee.frame;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.frame.ApsExtendedHeader.Fragmentation;
import io.enrolgate.zigbee.frame.ApsFrameControl.DeliveryMode;
import io.enrolgate.zigbee.frame.AuxSecurityHeader.KeyIdentifier;
import io.enrolgate.zigbee.frame.AuxSecurityHeader.SecurityLevel;
import io.enrolgate.zigbee.frame.MacFrameControl.AddressingMode;
import io.enrolgate.zigbee.frame.MacFrameControl.FrameVersion;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;

/**
 * Random valid values of every frame structure. The rules on which fields go together are restated
 * here from the specifications' tables rather than taken from the code under test.
 */
final class FrameArbitraries {
    private FrameArbitraries() {
    }

    static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 0xFF);
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xFFFF);
    }

    static Arbitrary<Boolean> booleans() {
        return Arbitraries.of(true, false);
    }

    static Arbitrary<IeeeAddress> ieeeAddresses() {
        return Arbitraries.longs().map(IeeeAddress::new);
    }

    static Arbitrary<SymmetricKey> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(SymmetricKey.LENGTH).map(SymmetricKey::of);
    }

    static Arbitrary<MulticastControl> multicastControls() {
        return Combinators.combine(Arbitraries.of(MulticastControl.MulticastMode.class),
                Arbitraries.integers().between(0, 7), Arbitraries.integers().between(0, 7))
                .as(MulticastControl::new);
    }

    static Arbitrary<SourceRouteSubframe> sourceRoutes() {
        return u16().list().ofMinSize(1).ofMaxSize(12).flatMap(relays ->
                Arbitraries.integers().between(0, relays.size() - 1)
                        .map(index -> new SourceRouteSubframe(index, relays)));
    }

    static Arbitrary<NwkHeader> nwkHeaders() {
        return Builders.withBuilder(NwkHeader::builder)
                .use(Arbitraries.of(NwkFrameControl.FrameType.DATA, NwkFrameControl.FrameType.COMMAND))
                .in(NwkHeader.Builder::frameType)
                .use(Arbitraries.of(NwkFrameControl.DiscoverRoute.class)).in(NwkHeader.Builder::discoverRoute)
                .use(booleans()).in(NwkHeader.Builder::security)
                .use(booleans()).in(NwkHeader.Builder::endDeviceInitiator)
                .use(u16()).in(NwkHeader.Builder::destinationAddress)
                .use(u16()).in(NwkHeader.Builder::sourceAddress)
                .use(u8()).in(NwkHeader.Builder::radius)
                .use(u8()).in(NwkHeader.Builder::sequenceNumber)
                .use(ieeeAddresses()).withProbability(0.5).in(NwkHeader.Builder::destinationIeeeAddress)
                .use(ieeeAddresses()).withProbability(0.5).in(NwkHeader.Builder::sourceIeeeAddress)
                .use(multicastControls()).withProbability(0.3).in(NwkHeader.Builder::multicastControl)
                .use(sourceRoutes()).withProbability(0.3).in(NwkHeader.Builder::sourceRoute)
                .build(NwkHeader.Builder::build);
    }

    static Arbitrary<ApsFrameControl> apsFrameControls() {
        return Combinators.combine(Arbitraries.of(ApsFrameControl.FrameType.class), Arbitraries.of(DeliveryMode.class),
                booleans(), booleans(), booleans(), booleans())
                .as((type, mode, acknowledgementFormat, security, acknowledgementRequest, extendedHeader) -> {
                    boolean interPan = type == ApsFrameControl.FrameType.INTER_PAN;
                    // Spec 2.2.5.1.1: the ack format flag belongs to acknowledgements; inter-PAN frames
                    // (stub APS) carry no security, acknowledgement request or extended header.
                    return new ApsFrameControl(type, mode,
                            type == ApsFrameControl.FrameType.ACKNOWLEDGEMENT && acknowledgementFormat,
                            !interPan && security, !interPan && acknowledgementRequest, !interPan && extendedHeader);
                });
    }

    static Arbitrary<ApsExtendedHeader> apsExtendedHeaders(boolean acknowledgement) {
        return Combinators.combine(Arbitraries.of(Fragmentation.class), u8(), u8())
                .as((fragmentation, blockNumber, bitfield) -> fragmentation == Fragmentation.NOT_FRAGMENTED
                        ? ApsExtendedHeader.notFragmented()
                        : new ApsExtendedHeader(fragmentation, blockNumber, acknowledgement ? bitfield : null));
    }

    static Arbitrary<ApsHeader> apsHeaders() {
        return apsFrameControls().flatMap(frameControl -> {
            ApsFrameControl.FrameType type = frameControl.frameType();
            boolean acknowledgement = type == ApsFrameControl.FrameType.ACKNOWLEDGEMENT;
            // Spec 2.2.5.1: data frames and acknowledgements of data name endpoints, cluster and profile.
            boolean endpointAddressed = type == ApsFrameControl.FrameType.DATA
                    || acknowledgement && !frameControl.acknowledgementFormat();
            boolean clusterAndProfile = endpointAddressed || type == ApsFrameControl.FrameType.INTER_PAN;
            boolean group = frameControl.deliveryMode() == DeliveryMode.GROUP;
            Arbitrary<ApsExtendedHeader> extendedHeaders = frameControl.extendedHeaderPresent()
                    ? apsExtendedHeaders(acknowledgement) : Arbitraries.just(null);
            return Combinators.combine(u8(), u16(), u16(), u16(), u8(), u8(), extendedHeaders)
                    .as((destinationEndpoint, groupAddress, cluster, profile, sourceEndpoint, counter, extended) ->
                            new ApsHeader(frameControl,
                                    endpointAddressed && !group ? destinationEndpoint : null,
                                    clusterAndProfile && group ? groupAddress : null,
                                    clusterAndProfile ? cluster : null,
                                    clusterAndProfile ? profile : null,
                                    endpointAddressed ? sourceEndpoint : null,
                                    type != ApsFrameControl.FrameType.INTER_PAN ? counter : null,
                                    extended));
        });
    }

    static Arbitrary<AuxSecurityHeader> auxSecurityHeaders() {
        return Combinators.combine(Arbitraries.of(SecurityLevel.class), Arbitraries.of(KeyIdentifier.class), booleans(),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL), ieeeAddresses().injectNull(0.3), u8())
                .as((level, keyIdentifier, verified, counter, source, keySequence) -> new AuxSecurityHeader(level,
                        keyIdentifier, verified, counter, source,
                        keyIdentifier == KeyIdentifier.NETWORK_KEY ? keySequence : null));
    }

    static Arbitrary<TransportKeyCommand> transportKeyCommands() {
        Arbitrary<TransportKeyCommand> networkKeys = Combinators.combine(keys(), u8(), ieeeAddresses(), ieeeAddresses())
                .as(TransportKeyCommand.NetworkKey::new);
        Arbitrary<TransportKeyCommand> applicationLinkKeys = Combinators.combine(keys(), ieeeAddresses(), booleans())
                .as(TransportKeyCommand.ApplicationLinkKey::new);
        Arbitrary<TransportKeyCommand> trustCenterLinkKeys = Combinators
                .combine(keys(), ieeeAddresses(), ieeeAddresses())
                .as(TransportKeyCommand.TrustCenterLinkKey::new);
        return Arbitraries.oneOf(networkKeys, applicationLinkKeys, trustCenterLinkKeys);
    }

    static Arbitrary<MacAddress> macAddresses(AddressingMode mode) {
        switch (mode) {
            case SHORT:
                return u16().map(MacAddress::shortAddress);
            case EXTENDED:
                return ieeeAddresses().map(MacAddress::extendedAddress);
            default:
                return Arbitraries.just(null);
        }
    }

    /** Headers of every frame type, with the addresses IEEE 802.15.4-2006 7.2.2 gives each. */
    static Arbitrary<MacHeader> macHeaders() {
        return Arbitraries.of(MacFrameControl.FrameType.class).flatMap(FrameArbitraries::macHeaders);
    }

    static Arbitrary<MacHeader> macHeaders(MacFrameControl.FrameType type) {
        Arbitrary<List<AddressingMode>> modes;
        switch (type) {
            case ACKNOWLEDGMENT:
                modes = Arbitraries.just(List.of(AddressingMode.NONE, AddressingMode.NONE));
                break;
            case BEACON:
                modes = Arbitraries.of(AddressingMode.SHORT, AddressingMode.EXTENDED)
                        .map(source -> List.of(AddressingMode.NONE, source));
                break;
            default:
                modes = Arbitraries.of(AddressingMode.class).list().ofSize(2)
                        .filter(pair -> pair.get(0) != AddressingMode.NONE || pair.get(1) != AddressingMode.NONE);
                break;
        }
        return modes.flatMap(pair -> macHeaders(type, pair.get(0), pair.get(1)));
    }

    private static Arbitrary<MacHeader> macHeaders(MacFrameControl.FrameType type, AddressingMode destinationMode,
            AddressingMode sourceMode) {
        boolean bothAddresses = destinationMode != AddressingMode.NONE && sourceMode != AddressingMode.NONE;
        return Combinators.combine(booleans(), booleans(), booleans(), Arbitraries.of(FrameVersion.class), u8(),
                u16(), u16(),
                Combinators.combine(macAddresses(destinationMode), macAddresses(sourceMode)).as(AddressPair::new))
                .as((framePending, acknowledgmentRequest, compression, version, sequence, destinationPan, sourcePan,
                        addresses) -> {
                    boolean panIdCompression = bothAddresses && compression;
                    MacFrameControl frameControl = new MacFrameControl(type, false, framePending, acknowledgmentRequest,
                            panIdCompression, destinationMode, version, sourceMode);
                    return new MacHeader(frameControl, sequence,
                            destinationMode != AddressingMode.NONE ? destinationPan : null, addresses.destination(),
                            sourceMode != AddressingMode.NONE && !panIdCompression ? sourcePan : null,
                            addresses.source());
                });
    }

    /** Either address may be null (addressing mode none). */
    private record AddressPair(MacAddress destination, MacAddress source) {
    }

    static Arbitrary<MacDataFrame> macDataFrames() {
        return macHeaders(MacFrameControl.FrameType.DATA).flatMap(header -> Arbitraries.bytes().array(byte[].class)
                .ofMaxSize(MacDataFrame.MAX_MPDU_LENGTH - header.length() - MacFcs.LENGTH)
                .map(payload -> new MacDataFrame(header, payload)));
    }
}
