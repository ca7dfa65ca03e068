// SPDX-License-Identifier: GPL-2.0-only
/*
 * A VFIO variant driver for QEMU's "edu" teaching device (1234:11e8), for tests only.
 *
 * Debian's 6.1 kernel ships no VFIO variant driver, so there is nothing real to select
 * between vfio-pci and a variant. This one adds nothing to vfio-pci-core: it exists so
 * that depmod gives it the alias "vfio_pci:v00001234d000011E8sv*sd*bc*sc*i*" and so that
 * binding the edu device to it makes a real vfio-dev node appear.
 *
 * PCI_DRIVER_OVERRIDE_DEVICE_VFIO marks the id as driver_override-only: the kernel never
 * binds it automatically on a plain hotplug, only when userspace writes driver_override.
 *
 * init_delay_ms holds module init up to that long before the driver registers, so tests can
 * keep the module in the kernel's "coming" state (/sys/module/edu_vfio_pci/initstate) and show
 * that a second loader waits for it instead of loading it again. Writing 0 to
 * /sys/module/edu_vfio_pci/parameters/init_delay_ms, which exists while init runs, ends the
 * wait at once, so a test holds the state exactly as long as it needs on however slow a guest.
 * 0, the default, changes nothing.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>

static int edu_vfio_open_device(struct vfio_device *core_vdev)
{
	struct vfio_pci_core_device *vdev =
		container_of(core_vdev, struct vfio_pci_core_device, vdev);
	int ret;

	ret = vfio_pci_core_enable(vdev);
	if (ret)
		return ret;
	vfio_pci_core_finish_enable(vdev);
	return 0;
}

static const struct vfio_device_ops edu_vfio_ops = {
	.name = "edu-vfio-pci",
	.init = vfio_pci_core_init_dev,
	.release = vfio_pci_core_release_dev,
	.open_device = edu_vfio_open_device,
	.close_device = vfio_pci_core_close_device,
	.ioctl = vfio_pci_core_ioctl,
	.device_feature = vfio_pci_core_ioctl_feature,
	.read = vfio_pci_core_read,
	.write = vfio_pci_core_write,
	.mmap = vfio_pci_core_mmap,
	.request = vfio_pci_core_request,
	.match = vfio_pci_core_match,
};

static int edu_vfio_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vfio_pci_core_device *vdev;
	int ret;

	vdev = vfio_alloc_device(vfio_pci_core_device, vdev, &pdev->dev,
				 &edu_vfio_ops);
	if (IS_ERR(vdev))
		return PTR_ERR(vdev);

	dev_set_drvdata(&pdev->dev, vdev);
	ret = vfio_pci_core_register_device(vdev);
	if (ret) {
		vfio_put_device(&vdev->vdev);
		return ret;
	}
	return 0;
}

static void edu_vfio_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *vdev = dev_get_drvdata(&pdev->dev);

	vfio_pci_core_unregister_device(vdev);
	vfio_put_device(&vdev->vdev);
}

static const struct pci_device_id edu_vfio_table[] = {
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(0x1234, 0x11e8) },
	{}
};
MODULE_DEVICE_TABLE(pci, edu_vfio_table);

static struct pci_driver edu_vfio_driver = {
	.name = KBUILD_MODNAME,
	.id_table = edu_vfio_table,
	.probe = edu_vfio_probe,
	.remove = edu_vfio_remove,
	.err_handler = &vfio_pci_core_err_handlers,
	.driver_managed_dma = true,
};

static unsigned int init_delay_ms;
module_param(init_delay_ms, uint, 0644);
MODULE_PARM_DESC(init_delay_ms, "Longest time module init waits before registering the driver; write 0 to end it (tests only)");

static int __init edu_vfio_init(void)
{
	unsigned long until = jiffies + msecs_to_jiffies(init_delay_ms);

	while (READ_ONCE(init_delay_ms) && time_before(jiffies, until))
		msleep(20);
	return pci_register_driver(&edu_vfio_driver);
}
module_init(edu_vfio_init);

static void __exit edu_vfio_exit(void)
{
	pci_unregister_driver(&edu_vfio_driver);
}
module_exit(edu_vfio_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test-only VFIO variant driver for QEMU's edu device (udev reactor)");
