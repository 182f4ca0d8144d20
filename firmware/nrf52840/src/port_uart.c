/* UART glue: Zephyr's asynchronous UART API (DMA on the nRF UARTE), 115200 8N1. */
#include "port.h"

#include <errno.h>
#include <string.h>

#include <zephyr/device.h>
#include <zephyr/drivers/uart.h>
#include <zephyr/sys/ring_buffer.h>

#include "eg_uart.h"

#define RX_CHUNK 64
/* Report received bytes 1 ms after the line goes quiet, so a short frame is not held back. */
#define RX_TIMEOUT_US 1000
/* The longest frame (EG_UART_TX_FRAME_MAX, 774 bytes) takes 67 ms at 115200 baud. */
#define TX_TIMEOUT_MS 200

static const struct device *const uart = DEVICE_DT_GET(DT_CHOSEN(enrolgate_uart));

/* Two DMA buffers that the driver alternates between. */
static uint8_t rx_dma[2][RX_CHUNK];
static uint8_t rx_next;
/* Received bytes waiting for the main thread; written from the UART interrupt. */
RING_BUF_DECLARE(rx_ring, 1024);
static struct k_spinlock rx_lock;

/* The core reuses its frame buffer at once; DMA reads this copy until TX_DONE. */
static uint8_t tx_dma[EG_UART_TX_FRAME_MAX];
K_SEM_DEFINE(tx_done, 0, 1);

static void start_rx(const struct device *dev)
{
	(void)uart_rx_enable(dev, rx_dma[rx_next], RX_CHUNK, RX_TIMEOUT_US);
	rx_next ^= 1u;
}

static void uart_event(const struct device *dev, struct uart_event *evt, void *user_data)
{
	k_spinlock_key_t key;

	ARG_UNUSED(user_data);
	switch (evt->type) {
	case UART_RX_RDY:
		key = k_spin_lock(&rx_lock);
		/* A full ring drops bytes; the HDLC decoder then sees a bad FCS and counts it. */
		(void)ring_buf_put(&rx_ring, evt->data.rx.buf + evt->data.rx.offset, evt->data.rx.len);
		k_spin_unlock(&rx_lock, key);
		k_sem_give(&port_wake);
		break;
	case UART_RX_BUF_REQUEST:
		(void)uart_rx_buf_rsp(dev, rx_dma[rx_next], RX_CHUNK);
		rx_next ^= 1u;
		break;
	case UART_RX_DISABLED:
		/* After a line error or a break the driver stops receiving: start again. */
		start_rx(dev);
		break;
	case UART_TX_DONE:
	case UART_TX_ABORTED:
		k_sem_give(&tx_done);
		break;
	default:
		break;
	}
}

int port_uart_init(void)
{
	int rc;

	if (!device_is_ready(uart)) {
		return -ENODEV;
	}
	rc = uart_callback_set(uart, uart_event, NULL);
	if (rc != 0) {
		return rc;
	}
	rx_next = 0;
	return uart_rx_enable(uart, rx_dma[rx_next++], RX_CHUNK, RX_TIMEOUT_US);
}

size_t port_uart_read(uint8_t *bytes, size_t cap)
{
	k_spinlock_key_t key = k_spin_lock(&rx_lock);
	uint32_t n = ring_buf_get(&rx_ring, bytes, (uint32_t)cap);

	k_spin_unlock(&rx_lock, key);
	return n;
}

bool port_uart_write(void *ctx, const uint8_t *bytes, size_t len)
{
	ARG_UNUSED(ctx);
	if (len > sizeof(tx_dma)) {
		return false;
	}
	memcpy(tx_dma, bytes, len);
	k_sem_reset(&tx_done);
	if (uart_tx(uart, tx_dma, len, SYS_FOREVER_US) != 0) {
		return false;
	}
	if (k_sem_take(&tx_done, K_MSEC(TX_TIMEOUT_MS)) != 0) {
		(void)uart_tx_abort(uart);
		return false;
	}
	return true;
}
