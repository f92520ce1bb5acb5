using Dashboard.Server.Namespaces;

namespace Dashboard.Server.Tests.Namespaces;

public class CgroupPodTests
{
    private const string Cid = "0f5e3a1c9b7d2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f1a2c4e6b8d0f";

    [Fact]
    public void Systemd_driver_v2_slice_has_underscores_in_the_uid()
    {
        var m = CgroupPod.Parse(
            $"0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod8a4c2b1e_3f0d_4c8a_9b1e_2d3c4b5a6f70.slice/cri-containerd-{Cid}.scope\n");
        Assert.Equal(new CgroupPod.Membership("8a4c2b1e-3f0d-4c8a-9b1e-2d3c4b5a6f70", Cid), m);
    }

    [Fact]
    public void Guaranteed_pods_sit_directly_under_kubepods()
    {
        var m = CgroupPod.Parse($"0::/kubepods.slice/kubepods-pod11111111_2222_3333_4444_555555555555.slice/crio-{Cid}.scope\n");
        Assert.Equal(new CgroupPod.Membership("11111111-2222-3333-4444-555555555555", Cid), m);
    }

    [Fact]
    public void Cgroupfs_driver_v1_uses_dashes_and_bare_container_ids()
    {
        var file = $"""
            12:pids:/kubepods/burstable/pod0d1c2b3a-4f5e-6d7c-8b9a-0f1e2d3c4b5a/{Cid}
            11:memory:/kubepods/burstable/pod0d1c2b3a-4f5e-6d7c-8b9a-0f1e2d3c4b5a/{Cid}
            1:name=systemd:/kubepods/burstable/pod0d1c2b3a-4f5e-6d7c-8b9a-0f1e2d3c4b5a/{Cid}
            0::/
            """;
        Assert.Equal(new CgroupPod.Membership("0d1c2b3a-4f5e-6d7c-8b9a-0f1e2d3c4b5a", Cid), CgroupPod.Parse(file));
    }

    [Fact]
    public void Kind_nests_kubepods_under_kubelet_slice()
    {
        var m = CgroupPod.Parse(
            "0::/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-podabcdef01_2345_6789_abcd_ef0123456789.slice\n");
        Assert.Equal(new CgroupPod.Membership("abcdef01-2345-6789-abcd-ef0123456789", null), m);
    }

    [Fact]
    public void Static_pods_have_a_hash_uid()
    {
        var m = CgroupPod.Parse($"0::/kubepods/burstable/pod3c5f1b2e9d8a7f6e5d4c3b2a1f0e9d8c/{Cid}\n");
        Assert.Equal(new CgroupPod.Membership("3c5f1b2e9d8a7f6e5d4c3b2a1f0e9d8c", Cid), m);
    }

    [Theory]
    [InlineData("0::/\n")]
    [InlineData("0::/system.slice/containerd.service\n")]
    [InlineData("4:memory:/process_api/e8676fdcf69923148693df5d834e5090\n")]
    [InlineData("0::/user.slice/pod12345678-1234-1234-1234-123456789012\n")] // not under kubepods
    [InlineData("0::/kubepods.slice/kubepods-besteffort.slice\n")]
    [InlineData("0::/kubepods/podnot-a-uid/x\n")]
    [InlineData("garbage without colons\n")]
    [InlineData("")]
    public void Processes_outside_pods_have_no_membership(string file) => Assert.Null(CgroupPod.Parse(file));
}
