package io.enrolgate.benchmarks;

import io.enrolgate.zigbee.IeeeAddress;
import io.enrolgate.zigbee.SymmetricKey;
import io.enrolgate.zigbee.crypto.KeyDerivation;
import io.enrolgate.zigbee.installcode.InstallCode;
import io.enrolgate.zigbee.transportkey.TransportKeyForge;
import io.enrolgate.zigbee.transportkey.TransportKeyParameters;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of forging one Transport Key frame, against the cost of the primitive everything rests on: one
 * AES-128 block encryption with the same library (Bouncy Castle), measured in the same run so that the
 * ratio means something on any machine.
 *
 * <ul>
 *   <li>{@code forgeWithKeyTransportKey}: the hot path of key-forge, the key-transport key derived once per
 *       device (CCM* over 35 bytes plus header encoding);
 *   <li>{@code forgeFromInstallCode}: everything from the install code text: CRC check, AES-MMO to the
 *       link key, HMAC-MMO to the key-transport key, then the forge;
 *   <li>{@code aesBlockEncryption}: one 16-byte block.
 * </ul>
 *
 * <p>Run: {@code java -jar services/benchmarks/target/benchmarks.jar TransportKeyForge}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class TransportKeyForgeBenchmark {
    private static final String INSTALL_CODE = "83FED3407A939723A5C639B26916D505C3B5";

    private TransportKeyParameters parameters;
    private SymmetricKey keyTransportKey;
    private long frameCounter;
    private AESEngine aes;
    private byte[] block;
    private byte[] encrypted;

    @Setup
    public void setUp() {
        parameters = TransportKeyParameters.builder()
                .trustCenterIeee(IeeeAddress.parse("00124B0001020304"))
                .deviceIeee(IeeeAddress.parse("000D6F000A0B0C0D"))
                .deviceShort(0x4F2C)
                .networkKey(SymmetricKey.fromHex("2B7E151628AED2A6ABF7158809CF4F3C"))
                .apsFrameCounter(123456)
                .apsCounter(66)
                .nwkSequence(123)
                .build();
        keyTransportKey = KeyDerivation.keyTransportKey(InstallCode.parse(INSTALL_CODE).linkKey());
        aes = new AESEngine();
        aes.init(true, new KeyParameter(keyTransportKey.toBytes()));
        block = new byte[16];
        encrypted = new byte[16];
    }

    /** A new frame counter each time, as in service: the JIT cannot fold a constant frame away. */
    private TransportKeyParameters nextParameters() {
        frameCounter = (frameCounter + 1) & 0xFFFF_FFFFL;
        TransportKeyParameters p = parameters;
        return new TransportKeyParameters(p.trustCenterIeee(), p.trustCenterShort(), p.deviceIeee(), p.deviceShort(),
                p.networkKey(), p.keySequence(), frameCounter, p.apsCounter(), p.nwkSequence(), p.radius(),
                p.nwkIeeeFields());
    }

    @Benchmark
    public byte[] forgeWithKeyTransportKey() {
        return TransportKeyForge.forge(nextParameters(), keyTransportKey);
    }

    @Benchmark
    public byte[] forgeFromInstallCode() {
        SymmetricKey linkKey = InstallCode.parse(INSTALL_CODE).linkKey();
        return TransportKeyForge.forge(nextParameters(), KeyDerivation.keyTransportKey(linkKey));
    }

    @Benchmark
    public byte[] aesBlockEncryption() {
        block[0]++;
        aes.processBlock(block, 0, encrypted, 0);
        return encrypted;
    }
}
