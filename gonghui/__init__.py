"""gonghui (工会): a platform for the everyday work of Chinese trade unions."""
