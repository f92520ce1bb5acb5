namespace Dashboard.Server.Netlink;

/// <summary>The kernel answered a request with an error (NLMSG_ERROR), with its extended-ack text.</summary>
public sealed class NetlinkException(int errno, string operation, string? extAck)
    : Exception(Format(errno, operation, extAck))
{
    /// <summary>Positive errno, as the kernel's negative error code negated.</summary>
    public int Errno { get; } = errno;
    public string Operation { get; } = operation;
    /// <summary>The kernel's NLMSGERR_ATTR_MSG, when it sent one.</summary>
    public string? ExtAck { get; } = extAck;
    /// <summary>"No such process", "File exists", … as strerror says it.</summary>
    public string KernelMessage => System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(Errno);

    private static string Format(int errno, string operation, string? extAck)
    {
        var text = $"{operation}: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno)}";
        return string.IsNullOrEmpty(extAck) ? text : $"{text} ({extAck})";
    }
}

/// <summary>A netlink message that cannot be decoded: truncated, or with lengths past its end.</summary>
public sealed class NetlinkParseException(string message) : Exception(message);
