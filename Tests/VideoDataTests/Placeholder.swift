import Testing
@testable import VideoData
